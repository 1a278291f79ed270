import { randomToken } from '../lib/crypto';
import type { Site } from '../sites/service';
import { editableUntil } from './editing';
import type { PostCommentInput, PostedComment } from './posting';

/*
 * The honeypot and fill-time traps: what gives a bot away, and the decoy it is answered with so it
 * learns nothing.
 */

/** Submissions faster than this were not typed by a person. */
export const MIN_FILL_MS = 2_000;

export function looksLikeBot(honeypot: PostCommentInput['honeypot']): boolean {
  return (honeypot.website !== undefined && honeypot.website !== '') || (honeypot.elapsedMs !== undefined && honeypot.elapsedMs < MIN_FILL_MS);
}

/**
 * What a bot is told: the shape of a real answer, so it learns nothing from the refusal,
 * while nothing is stored.
 */
export function decoyPosted(site: Site, input: PostCommentInput): PostedComment {
  return {
    comment: {
      id: Math.floor(input.now / 1000) % 1_000_000_000,
      parentId: input.parentId ?? null,
      authorName: input.name ?? '',
      body: input.body,
      createdAt: new Date(input.now).toISOString(),
      editedAt: null,
      likeCount: 0,
      replyCount: 0,
      pending: site.settings.moderationMode !== 'post',
      verified: false,
      picked: false,
      liked: false,
      mine: true,
    },
    editToken: randomToken(24),
    editableUntil: new Date(editableUntil(site, input.now)).toISOString(),
  };
}
