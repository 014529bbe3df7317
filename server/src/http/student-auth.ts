import type { Request, RequestHandler, Response } from 'express';
import type { StudentIdentity } from '../classes/class-types.ts';
import { findStudent } from '../classes/students.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';

declare global {
  namespace Express {
    interface Locals {
      student?: StudentIdentity;
      studentToken?: string;
    }
  }
}

/** The student token of a request: `Authorization: Bearer <token>` (the browser keeps it, never a cookie). */
export function bearerToken(req: Request): string | undefined {
  const match = /^Bearer ([\w-]{20,100})$/.exec(req.get('authorization') ?? '');
  return match?.[1];
}

/** Routes of a student's own data: 401 STUDENT_UNKNOWN without a token this server knows. */
export function requireStudent(db: Db): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    const student = token ? await findStudent(db, token) : null;
    if (!student) throw new AppError(401, 'STUDENT_UNKNOWN', 'This browser is not a member of a class (any more). Open your class link or use your recovery code.');
    res.locals.student = student;
    res.locals.studentToken = token;
    next();
  };
}

export function currentStudent(res: Response): StudentIdentity {
  const student = res.locals.student;
  if (!student) throw new AppError(401, 'STUDENT_UNKNOWN', 'This browser is not a member of a class.');
  return student;
}
