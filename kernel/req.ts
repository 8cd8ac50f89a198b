/**
 * req.ts — what a simulated program yields to the kernel: a request.
 *
 * Models: the user/kernel boundary. A request is either "burn CPU for ns nanoseconds"
 * (NR_COMPUTE, the only thing user code does without the kernel) or "system call nr with
 * these arguments" (the `syscall` instruction). The kernel resumes the task with the call's
 * return value: a number, negative errno on failure, or for a few calls an object (the
 * analogue of the kernel writing into a user pointer).
 */

export const NR_COMPUTE = -1;

export class Req {
  constructor(
    readonly nr: number,
    readonly a?: any,
    readonly b?: any,
    readonly c?: any,
    readonly d?: any,
    readonly e?: any,
    readonly f?: any,
  ) {}
}

/** The generator type of anything that runs on a simulated CPU and returns T. */
export type Sim<T = unknown> = Generator<Req, T, any>;
