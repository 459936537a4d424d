export { connectClient, type ConnectClientOptions } from './connect-client';
