import { z } from "zod";

import { USER_ROLES } from "~/domain/vocabulary";
import { passwordProblem } from "~/utils/password-policy";

const email = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(254, "validation.tooLong").email("validation.email");

/** An admin creates a coordinator: the password must pass the policy and be typed twice. */
export const NewUserSchema = z
  .object({
    name: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong"),
    email,
    role: z.enum(USER_ROLES, { errorMap: () => ({ message: "validation.choose" }) }),
    password: z.string({ required_error: "validation.required" }).min(1, "validation.required"),
    passwordAgain: z.string({ required_error: "validation.required" }),
  })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value.password, { email: value.email, name: value.name });
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["password"], message: problem });
    else if (value.password !== value.passwordAgain) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["passwordAgain"], message: "validation.passwordMismatch" });
  });

/** A coordinator changes their own password. */
export const ChangePasswordSchema = z
  .object({
    current: z.string({ required_error: "validation.required" }).min(1, "validation.required").max(1024, "validation.tooLong"),
    password: z.string({ required_error: "validation.required" }).min(1, "validation.required"),
    passwordAgain: z.string({ required_error: "validation.required" }),
  })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value.password);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["password"], message: problem });
    else if (value.password !== value.passwordAgain) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["passwordAgain"], message: "validation.passwordMismatch" });
  });
