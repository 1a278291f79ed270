import * as v from 'valibot';

/** The comment to make an editor's pick. */
export const pickBodySchema = v.object({
  commentId: v.pipe(v.number('commentId must be a comment id (a number).'), v.integer('commentId must be a whole number.'), v.minValue(1, 'commentId must be at least 1.')),
});

/** A pick or unpick's outcome: the comment's state and its article's picks in the order readers see them. */
export const pickResultSchema = v.object({
  commentId: v.number(),
  picked: v.boolean(),
  /** The article's id as the site knows it. */
  article: v.string(),
  /** The article's picks, first shown first (the order they were picked). */
  picks: v.array(v.number()),
});
