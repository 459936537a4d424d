export { extractCommands, findReadmes, type DocumentedCommand } from './extract';
