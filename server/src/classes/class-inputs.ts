/** What the class routes take, with no database import (the web client types its requests from it). */
import { z } from 'zod';
import { settingsSchema } from '../protocol.ts';

const day = z.iso.date();
const className = z.string().trim().min(1).max(120);
/** A name as typed; the use case cleans it as a nickname (it is the member's nickname in games). */
const memberName = z.string().max(100);
const externalId = z.string().trim().min(1).max(64);

export const classInputSchema = z
  .strictObject({
    name: className,
    startsOn: day.nullable().default(null),
    endsOn: day.nullable().default(null),
    /** Students may join themselves through the invite link (off: the roster and its cards only). */
    selfJoin: z.boolean().default(true),
    selfSimulations: z.boolean().default(false),
  })
  .refine((c) => !c.startsOn || !c.endsOn || c.startsOn <= c.endsOn, { message: 'must not be before startsOn', path: ['endsOn'] });
export type ClassInput = z.infer<typeof classInputSchema>;

export const classPatchSchema = z
  .strictObject({
    name: className.optional(),
    startsOn: day.nullable().optional(),
    endsOn: day.nullable().optional(),
    selfJoin: z.boolean().optional(),
    /** Students may start exam simulations themselves. */
    selfSimulations: z.boolean().optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'change at least one field');
export type ClassPatch = z.infer<typeof classPatchSchema>;

export const classListQuerySchema = z.object({ archived: z.enum(['false', 'true', 'all']).default('false') });

export const memberInputSchema = z.strictObject({ name: memberName, externalId: externalId.optional() });
export const memberPatchSchema = z
  .strictObject({ name: memberName.optional(), externalId: externalId.nullable().optional() })
  .refine((m) => Object.keys(m).length > 0, 'change at least one field');
export type MemberPatch = z.infer<typeof memberPatchSchema>;

/** A roster as CSV text: a name per line, optionally an external id after a comma; a header line is optional. */
export const rosterImportSchema = z.strictObject({ csv: z.string().min(1).max(200_000) });

/** The identity `from` is merged into the member of the route (the one kept). */
export const mergeSchema = z.strictObject({ from: z.uuid() });

/** Cards for these members (default: every member); each card gets a new recovery code. */
export const cardsSchema = z.strictObject({ memberIds: z.array(z.uuid()).min(1).max(1000).optional() });

/** A class game's own settings: guests without the class's identity, and nicknames of the members' own. */
export const classGameSchema = z.strictObject({
  id: z.uuid(),
  guests: z.enum(['admit', 'refuse']).default('admit'),
  renaming: z.boolean().default(false),
});
export type ClassGameInput = z.infer<typeof classGameSchema>;

/** A review game for the class, a group of its students, or one student, from their weakest topics. */
export const classReviewSchema = z.strictObject({
  memberIds: z.array(z.uuid()).min(1).max(1000).optional(),
  count: z.int().min(1).max(100).default(10),
  title: z.string().trim().min(1).max(120).optional(),
  settings: settingsSchema.default(settingsSchema.parse({})),
  guests: z.enum(['admit', 'refuse']).default('admit'),
  renaming: z.boolean().default(false),
});
export type ClassReviewInput = z.infer<typeof classReviewSchema>;

export const matrixQuerySchema = z.object({ format: z.enum(['json', 'csv']).default('json') });

// ---------- students ----------

/** The random part of a class link (`/c/<token>`): 16 random bytes in base64url (student-secrets.ts). */
export const inviteTokenSchema = z.string().regex(/^[\w-]{22}$/, 'is not a class link: check the address');
export const studentJoinSchema = z.strictObject({ name: memberName });
export const recoverSchema = z.strictObject({ code: z.string().min(4).max(40) });
