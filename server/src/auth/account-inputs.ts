/** What the sign-in and account API takes, with no database import (the web client types its requests from it). */
import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export const newInstructorSchema = z.strictObject({
  email: z.email().max(254).transform((email) => email.trim().toLowerCase()),
  name: z.string().trim().min(1).max(100),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH),
});
export type NewInstructor = z.infer<typeof newInstructorSchema>;

export const credentialsSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(PASSWORD_MAX_LENGTH),
});
