// Helpers shared by the training-demo tests (char-lm, ctc-labeling, seq2seq): wait for the demo's status, means.
import type { Page } from 'puppeteer-core';

export const waitStatus = (page: Page, statuses: string[], timeout = 100_000): Promise<unknown> =>
  page.waitForFunction((s) => s.includes((window as { seqgpuDemo?: { status: string } }).seqgpuDemo?.status ?? ''), { timeout, polling: 100 }, statuses);

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
