import type { CommentView, ThreadView } from '../../comments/service';

/**
 * Comments as the API returns them: the server's own view types, imported as types only
 * (erased by the build), so the widget and the API cannot drift apart.
 */
export type Comment = CommentView;

export type Thread = ThreadView;

export interface CommentPage {
  article: { id: string; commentsOpen: boolean };
  total: number;
  comments: Thread[];
  pending: Comment[];
  nextCursor: string | null;
}

export interface ReplyPage {
  replies: Comment[];
  nextCursor: string | null;
}

export interface Posted {
  comment: Comment;
  editToken: string;
  editableUntil: string;
}
