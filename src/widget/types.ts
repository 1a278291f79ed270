/**
 * The poll as the API returns it from `GET …/poll`, `PUT …/vote` and `DELETE …/vote`.
 * Declared here rather than imported so the widget bundle never reaches into server code;
 * the server's response schema is the source of truth and these must stay assignable to it.
 */
export interface PollReaction {
  key: string;
  label: string;
  emoji: string;
  count: number;
  percent: number;
}

export interface Poll {
  site: { id: string; name: string; locale: string; resultVisibility: 'always' | 'after-vote' };
  article: { id: string; pollOpen: boolean; commentsOpen: boolean; commentCount: number };
  question: string;
  lang: Lang;
  reactions: PollReaction[];
  total: number;
  choice: string | null;
}

export type Lang = 'id' | 'en';

/**
 * A failed read (`choice` undefined) or write (`choice` is the vote to resend on retry).
 * `message` is the server's localized text when the reader should see it (429).
 */
export interface Failure {
  choice?: string | null;
  message?: string;
}
