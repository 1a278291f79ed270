/**
 * Comments as the API returns them (see src/comments/schemas.ts, the source of truth).
 * Declared here so the widget never imports server code.
 */
export interface Comment {
  id: number;
  parentId: number | null;
  authorName: string;
  body: string;
  createdAt: string;
  editedAt: string | null;
  likeCount: number;
  replyCount: number;
  pending: boolean;
  liked?: boolean;
  mine?: boolean;
}

export interface Thread extends Comment {
  replies: Comment[];
  repliesCursor: string | null;
}

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
