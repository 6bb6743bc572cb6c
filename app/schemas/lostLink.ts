import { z } from "zod";

/** "I lost my link" (participants and hosts): the e-mail address the link should go to. */
export const LostLinkSchema = z.object({
  email: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(254, "validation.tooLong").email("validation.email"),
});
