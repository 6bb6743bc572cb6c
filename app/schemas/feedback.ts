import { z } from "zod";

/** Anonymous feedback: a rating and/or some words, at least one of them. */
export const FeedbackSchema = z
  .object({
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
  })
  .refine((v) => v.rating !== null || v.text !== null, { path: ["text"], message: "validation.feedbackEmpty" });

export const FeedbackResponseSchema = z.object({
  feedbackId: z.coerce.number({ invalid_type_error: "validation.invalid" }).int().positive("validation.invalid"),
  response: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(3000, "validation.tooLong"),
});
