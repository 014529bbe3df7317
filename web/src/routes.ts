import type { Component } from 'svelte';
import JoinPage from './student/JoinPage.svelte';

// Screens take their path's parameters as props; the table cannot know each one's prop types.
type Screen = Component<any>;

/**
 * Every screen of the app by path, in one place; the first match wins and its ":name"
 * parameters become the screen's props. The join page comes with the first download; every
 * other screen is loaded when it is first opened, so a phone on weak Wi-Fi fetches only what it
 * shows. `instructor` screens appear once someone is signed in.
 */
export type Route = { path: string; instructor?: boolean } & ({ screen: Screen } | { load: () => Promise<{ default: Screen }> });

export const ROUTES: readonly Route[] = [
  { path: '/', screen: JoinPage },
  { path: '/join/:code', screen: JoinPage },
  { path: '/play', load: () => import('./student/PlayPage.svelte') },
  // A class's invite link, a card's (or typed) recovery code, and the student's own progress page.
  { path: '/c/:token', load: () => import('./student/ClassInvitePage.svelte') },
  { path: '/student/recover', load: () => import('./student/RecoverPage.svelte') },
  { path: '/me', load: () => import('./student/ProgressPage.svelte') },
  // An assignment or exam simulation of one of the browser's classes: the player, then the result.
  { path: '/me/:classId/attempts/:attemptId', load: () => import('./student/AttemptPage.svelte') },
  { path: '/host', instructor: true, load: () => import('./instructor/Dashboard.svelte') },
  { path: '/host/game/:code', instructor: true, load: () => import('./instructor/HostGame.svelte') },
  { path: '/host/games/:id', instructor: true, load: () => import('./instructor/GameReportPage.svelte') },
  { path: '/host/analytics', instructor: true, load: () => import('./instructor/MasteryPage.svelte') },
  { path: '/host/classes', instructor: true, load: () => import('./instructor/ClassesPage.svelte') },
  { path: '/host/classes/:classId', instructor: true, load: () => import('./instructor/ClassPage.svelte') },
  { path: '/host/classes/:classId/cards', instructor: true, load: () => import('./instructor/ClassCards.svelte') },
  { path: '/host/classes/:classId/assignments/:assignmentId', instructor: true, load: () => import('./instructor/AssignmentPage.svelte') },
  { path: '/host/classes/:classId/students/:memberId', instructor: true, load: () => import('./instructor/ClassStudentPage.svelte') },
  { path: '/host/bank', instructor: true, load: () => import('./instructor/BankPage.svelte') },
  { path: '/host/bank/new', instructor: true, load: () => import('./instructor/QuestionEditor.svelte') },
  { path: '/host/bank/questions/:questionId', instructor: true, load: () => import('./instructor/QuestionEditor.svelte') },
  { path: '/host/quizzes/new', instructor: true, load: () => import('./instructor/QuizBuilder.svelte') },
  { path: '/host/quizzes/:quizId', instructor: true, load: () => import('./instructor/QuizBuilder.svelte') },
  { path: '/host/account', instructor: true, load: () => import('./instructor/AccountPage.svelte') },
  { path: '/host/admin', instructor: true, load: () => import('./instructor/AdminPage.svelte') },
  // Links the admin hands over: opened before anyone is signed in.
  { path: '/host/invite/:token', load: () => import('./instructor/AccountLinkPage.svelte') },
  { path: '/host/reset/:token', load: () => import('./instructor/AccountLinkPage.svelte') },
  // Anything else under /host is the instructor's home; anything else at all, the join page.
  { path: '/host/*', instructor: true, load: () => import('./instructor/Dashboard.svelte') },
  { path: '/*', screen: JoinPage },
];
