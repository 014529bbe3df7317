/** What the sign-in and account API takes, with no database import (the web client types its requests from it). */
import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH);

export const newInstructorSchema = z.strictObject({
  email: z.email().max(254).transform((email) => email.trim().toLowerCase()),
  name: z.string().trim().min(1).max(100),
  password: newPassword,
});
export type NewInstructor = z.infer<typeof newInstructorSchema>;

export const credentialsSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(PASSWORD_MAX_LENGTH),
});

/** `POST /api/auth/password`: the password in use, to prove it is the owner, and the new one. */
export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().max(PASSWORD_MAX_LENGTH),
  newPassword,
});

/** `POST /api/admin/invites`: the email the invitation is for. */
export const inviteSchema = z.strictObject({
  email: z.email().max(254).transform((email) => email.trim().toLowerCase()),
});

/** `POST /api/auth/links/:token`: an invitation takes a name and a password, a reset a password. */
export const linkUseSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  password: newPassword,
});
