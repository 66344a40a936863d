/** Quiz and growth tables (migration 004-quiz). JSON columns hold JSON text; times are epoch ms. */
export interface QuizTables {
  quizzes: {
    id: string;
    product_id: string;
    store_id: string;
    channel: string;
    chat_ids: string;
    report_to: string | null;
    created_by: string;
    title: string;
    questions: string;
    card: string;
    pass_score: number;
    created_at: number;
    deadline: number;
    status: string;
  };
  quiz_participants: { quiz_id: string; user_id: string; chat_id: string; name: string | null };
  quiz_answers: { quiz_id: string; user_id: string; q_index: number; option: number; correct: number; at: number };
  quiz_results: {
    quiz_id: string;
    user_id: string;
    chat_id: string;
    score: number;
    correct: number;
    total: number;
    passed: number;
    at: number;
  };
  quiz_deliveries: { key: string; quiz_id: string; at: number };
  growth_scores: {
    ref: string;
    user_id: string;
    skill: string;
    channel: string;
    store_id: string;
    score: number;
    at: number;
  };
}
