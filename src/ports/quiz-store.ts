import type { ChannelName } from '../core/message.js';

/** Skills on an associate's growth radar; quizzes feed the first three. */
export const SKILLS = ['产品知识', '竞品对比', 'FABE话术', '投诉处理', '需求挖掘'] as const;
export type Skill = (typeof SKILLS)[number];

/** One multiple-choice question with its answer and a cited explanation. */
export interface QuizQuestion {
  kind: 'spec' | 'number' | 'price' | 'selling_point' | 'competitor' | 'fabe';
  skill: Skill;
  stem: string;
  options: string[];
  /** Index of the correct option. */
  answer: number;
  explanation: string;
  source: { id: string; section: string };
  /** Fragments that must appear in the cited section (the correct option's support). */
  evidence: string[];
  /** Where distractors must NOT appear (a doc id, or doc id + section); absent for pair questions. */
  exclusive?: { id: string; section?: string };
}

export interface QuizRecord {
  id: string;
  productId: string;
  storeId: string;
  channel: ChannelName;
  chatIds: string[];
  /** A chat or user id for the final report; absent: each group gets it. */
  reportTo?: string;
  createdBy: string;
  title: string;
  questions: QuizQuestion[];
  /** The knowledge card's blocks (title + lines). */
  card: { title: string; lines: string[] }[];
  passScore: number;
  createdAt: number;
  deadline: number;
  status: 'open' | 'closed';
}

export interface Participant {
  quizId: string;
  userId: string;
  chatId: string;
  name?: string;
}

export interface QuizAnswer {
  quizId: string;
  userId: string;
  qIndex: number;
  option: number;
  correct: boolean;
  at: number;
}

export interface QuizResult {
  quizId: string;
  userId: string;
  chatId: string;
  score: number;
  correct: number;
  total: number;
  passed: boolean;
  at: number;
}

export interface GrowthScore {
  userId: string;
  channel: ChannelName;
  storeId: string;
  skill: Skill;
  score: number;
  /** What produced the score (a quiz id); unique per user and skill. */
  ref: string;
  at: number;
}

/** Durable quiz state: quizzes, expected participants, first answers, results, deliveries, growth. */
export interface QuizStore {
  create(quiz: QuizRecord): Promise<void>;
  get(id: string): Promise<QuizRecord | undefined>;
  /** Quizzes created at or after `since` (newest first), optionally of one store. */
  list(filter: { storeId?: string; since?: number; limit?: number }): Promise<QuizRecord[]>;
  /**
   * Open quizzes (newest first) on a channel whose chats include `chatId` or whose
   * participants include `userId`; with `closedSince`, also those closed with a deadline after it.
   */
  openFor(channel: ChannelName, chatId: string, userId: string, opts?: { closedSince?: number }): Promise<QuizRecord[]>;
  close(id: string): Promise<void>;
  addParticipants(list: Participant[]): Promise<void>;
  participants(quizId: string): Promise<Participant[]>;
  /** Keeps the first answer per question; false when one was already recorded. */
  addAnswer(a: QuizAnswer): Promise<boolean>;
  answers(quizId: string, userId?: string): Promise<QuizAnswer[]>;
  /** Stores a finished attempt once; false when already stored. */
  addResult(r: QuizResult): Promise<boolean>;
  results(quizId: string): Promise<QuizResult[]>;
  /** Records one delivery (quiz:kind:chat) once; false when it was already recorded. */
  markDelivered(key: string, quizId: string, at: number): Promise<boolean>;
  delivered(key: string): Promise<boolean>;
  addGrowth(s: GrowthScore): Promise<boolean>;
  growth(userId: string): Promise<GrowthScore[]>;
  /** Every growth score (oldest first), optionally of one store: the console's associate list. */
  allGrowth(filter: { storeId?: string }): Promise<GrowthScore[]>;
}
