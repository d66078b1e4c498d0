import { z } from 'zod';

/** A channel: its input schema, and its output type carried as a phantom. */
export interface ChannelSpec<I extends z.ZodType, O> {
  input: I;
  /** Never set: only carries the output type. */
  output?: O;
}

/** `channel<Output>()(inputSchema)`: declares a channel of the contract. */
export function channel<O>() {
  return <I extends z.ZodType>(input: I): ChannelSpec<I, O> => ({ input });
}

export const idSchema = z.number().int().positive();
export const noInput = z.object({}).strict();
export const boundedText = (max: number) => z.string().trim().max(max);
/**
 * A file or folder on this machine, as a picker gives it or the user types it. No NUL character: the file system
 * API refuses one (Node throws on it), so it is refused here, with the other bad input.
 */
export const localPath = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .refine((path) => !path.includes('\0'), 'a path holds no NUL character');
export const pageInput = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
};
