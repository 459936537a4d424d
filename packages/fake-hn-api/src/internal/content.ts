import { chance, pick, randomInt, shuffled, type Random } from './prng';
import {
  ACHIEVEMENTS,
  ASK_QUESTIONS,
  ASK_SENTENCES,
  BATCHES,
  BLOG_DOMAINS,
  BUSINESS_HEADLINES,
  CLAIMS,
  COMMENT_SENTENCES,
  COMPANIES,
  ESSAY_SUBJECTS,
  LANGUAGES,
  NON_ASCII_TITLES,
  PERSONAL_STORIES,
  POLL_QUESTIONS,
  RELEASES,
  RELEASE_FEATURES,
  ROLES,
  SCIENCE_HEADLINES,
  SHOW_DESCRIPTIONS,
  SHOW_NAMES,
  TECHNOLOGIES,
  THINGS_TO_BUILD,
  TITLE_SUFFIXES,
  TOPICS,
  UNICODE_USERS,
  USER_PREFIXES,
  USER_SUFFIXES,
} from './word-lists';

/** Generates titles, texts, links and user names that read like Hacker News. */
export interface ContentGenerator {
  storyTitle(): string;
  askTitle(): string;
  showTitle(): string;
  jobTitle(): string;
  poll(): { title: string; options: readonly string[] };
  user(): string;
  url(title: string): string;
  askText(): string;
  jobText(title: string): string;
  commentText(): string;
}

/** A user name: mostly ASCII handles such as `lispdev42`, sometimes a non-ASCII one. */
export function randomUser(random: Random): string {
  if (chance(random, 0.03)) return pick(random, UNICODE_USERS);
  const suffix = pick(random, USER_SUFFIXES);
  const digits = chance(random, 0.3) ? String(randomInt(random, 1, 99)) : '';
  return `${pick(random, USER_PREFIXES)}${suffix}${digits}`;
}

/** A content generator drawing from `random`; titles it makes repeat rarely, as reposts do. */
export function createContentGenerator(random: Random): ContentGenerator {
  const usedTitles = new Set<string>();
  // Titles repeat rarely on the real site (reposts): a few retries keep them mostly unique.
  const unique = (make: () => string): string => {
    let title = make();
    for (let attempt = 0; attempt < 25 && usedTitles.has(title); attempt++) title = make();
    usedTitles.add(title);
    return title;
  };
  const templates = storyTemplates(random);

  return {
    storyTitle: () =>
      unique(() =>
        chance(random, 0.08)
          ? fill(random, pick(random, NON_ASCII_TITLES))
          : fill(random, pick(random, templates)()),
      ),
    askTitle: () => unique(() => `Ask HN: ${fill(random, pick(random, ASK_QUESTIONS))}`),
    showTitle: () =>
      unique(
        () =>
          `Show HN: ${pick(random, SHOW_NAMES)} – ${fill(random, pick(random, SHOW_DESCRIPTIONS))}`,
      ),
    jobTitle: () =>
      unique(
        () =>
          `${pick(random, COMPANIES)} (YC ${pick(random, BATCHES)}) is hiring a ${pick(random, ROLES)}`,
      ),
    poll: () => {
      const [title, options] = pick(random, POLL_QUESTIONS);
      return { title: unique(() => title), options };
    },
    user: () => randomUser(random),
    url: (title) => urlFor(random, title),
    askText: () => paragraphs(random, ASK_SENTENCES, 2, 4),
    commentText: () => paragraphs(random, COMMENT_SENTENCES, 1, 3),
    jobText: (title) => {
      const company = title.split(' (')[0] ?? 'We';
      return `${company} builds tools for teams that ship ${pick(random, TECHNOLOGIES)} to production.<p>We&#x27;re a small, remote-friendly team and pay competitively, with equity. Email jobs@example.com with a few lines about something you built.`;
    },
  };
}

/** `template` with its `{topic}`, `{lang}` and `{tech}` filled (each drawn once). */
function fill(random: Random, template: string): string {
  return template
    .replaceAll('{topic}', pick(random, TOPICS))
    .replaceAll('{lang}', pick(random, LANGUAGES))
    .replaceAll('{tech}', pick(random, TECHNOLOGIES));
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The shapes of ordinary story titles, each drawing its words from `random`. */
function storyTemplates(random: Random): readonly (() => string)[] {
  return [
    () => {
      const [name, versions] = pick(random, RELEASES);
      const version = pick(random, versions);
      return chance(random, 0.5)
        ? `${name} ${version} released`
        : `${name} ${version}: ${pick(random, RELEASE_FEATURES)}`;
    },
    () => {
      const [why, claim] = pick(random, CLAIMS);
      return `${why} ${claim}`;
    },
    () => `${pick(random, ESSAY_SUBJECTS)} ${pick(random, TOPICS)}`,
    () => `How we ${pick(random, ACHIEVEMENTS)} with ${pick(random, TECHNOLOGIES)}`,
    () => `Writing ${pick(random, THINGS_TO_BUILD)} in ${pick(random, LANGUAGES)}`,
    () =>
      capitalize(
        `${pick(random, THINGS_TO_BUILD)} in ${randomInt(random, 2, 9)}00 lines of ${pick(random, LANGUAGES)}`,
      ),
    () => pick(random, SCIENCE_HEADLINES),
    () => pick(random, BUSINESS_HEADLINES),
    () => pick(random, PERSONAL_STORIES),
    () => `${capitalize(pick(random, TOPICS))}${pick(random, TITLE_SUFFIXES)}`,
    () => `${pick(random, ESSAY_SUBJECTS)} ${pick(random, TOPICS)}${pick(random, TITLE_SUFFIXES)}`,
    () => `${pick(random, TECHNOLOGIES)} is not a toy`.replace(/^a /, 'A '),
  ];
}

/** A URL path segment from a title: ASCII, lower case, dashes, at most 60 characters. */
function slug(title: string): string {
  return (
    title
      .replace(/ (\(\d{4}\)|\[\w+\])$/, '')
      .replace(/^(Show|Ask) HN: /, '')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'post'
  );
}

/** A link that fits the title: a repository or site for Show HN, a job board, a paper, a blog. */
function urlFor(random: Random, title: string): string {
  if (title.startsWith('Show HN: ')) {
    const name = slug(title.slice('Show HN: '.length).split(' – ')[0] ?? title);
    return chance(random, 0.6)
      ? `https://github.com/${randomUser(random)}/${name}`
      : `https://${name}.dev/`;
  }
  if (/ is hiring /.test(title)) {
    return `https://www.workatastartup.com/jobs/${randomInt(random, 60000, 79999)}`;
  }
  if (title.endsWith('[pdf]')) {
    return `https://${pick(random, ['www.cs.cmu.edu', 'people.csail.mit.edu', 'research.example.edu'])}/papers/${slug(title)}.pdf`;
  }
  const domain = pick(random, BLOG_DOMAINS);
  switch (domain) {
    case 'github.com':
      return `https://github.com/${randomUser(random)}/${slug(title).slice(0, 30)}`;
    case 'arxiv.org':
      return `https://arxiv.org/abs/24${String(randomInt(random, 1, 12)).padStart(2, '0')}.${randomInt(random, 10000, 19999)}`;
    case 'lwn.net':
      return `https://lwn.net/Articles/${randomInt(random, 980000, 999999)}/`;
    default:
      return `https://${domain}/${randomInt(random, 2019, 2025)}/${slug(title)}`;
  }
}

/** `min` to `max` of `sentences` in a seeded order, filled, as one HTML text. */
function paragraphs(
  random: Random,
  sentences: readonly string[],
  min: number,
  max: number,
): string {
  const count = randomInt(random, min, max);
  const out = shuffled(random, sentences)
    .slice(0, count)
    .map((sentence) => fill(random, sentence));
  // Real item texts are HTML: the first paragraph is bare, later ones start with <p>.
  return out.join(chance(random, 0.5) ? '<p>' : ' ');
}
