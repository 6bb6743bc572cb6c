import { z } from "zod";

/** A rating and/or some words, at least one of them: the fields every feedback form has. */
const ratingAndText = {
  rating: z
    .enum(["", "1", "2", "3", "4", "5"], { errorMap: () => ({ message: "validation.choose" }) })
    .optional()
    .transform((v) => (v ? Number(v) : null)),
  text: z
    .string()
    .trim()
    .max(3000, "validation.tooLong")
    .optional()
    .transform((v) => v || null),
};
const notEmpty = (v: { rating: number | null; text: string | null }) => v.rating !== null || v.text !== null;
const EMPTY = { path: ["text"], message: "validation.feedbackEmpty" };

/** Anonymous feedback: a rating and/or some words, at least one of them. */
export const FeedbackSchema = z.object(ratingAndText).refine(notEmpty, EMPTY);

export const FeedbackResponseSchema = z.object({
  feedbackId: z.coerce.number({ invalid_type_error: "validation.invalid" }).int().positive("validation.invalid").max(Number.MAX_SAFE_INTEGER, "validation.invalid"),
  response: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(3000, "validation.tooLong"),
});

/**
 * Feedback through a private link (host or participant): which event, a rating and/or some words.
 * The same rules as the anonymous form, so the same messages.
 */
export const GivenFeedbackSchema = z
  .object({
    // Digits only: Number() would also read "0x10", "1e1" or " 7 " as an id.
    eventId: z
      .string({ required_error: "validation.invalid", invalid_type_error: "validation.invalid" })
      .regex(/^[1-9]\d{0,14}$/, "validation.invalid")
      .transform(Number),
    ...ratingAndText,
  })
  .refine(notEmpty, EMPTY);
