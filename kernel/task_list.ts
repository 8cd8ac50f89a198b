/**
 * task_list.ts — the intrusive doubly linked lists a task is on: its thread group
 * (signal_struct's thread list, Linux's `thread_node` on `signal->thread_head`) and its
 * parent's children (`sibling` on `parent->children`).
 *
 * Mirrors: include/linux/list.h (list_add_tail, list_del are O(1)) and the two list heads of
 * include/linux/sched.h. A task carries one node per list (Task.groupNode, Task.siblingNode,
 * made on first use; a task's own children list too, Task.children), so removing it — release_task, reparenting — costs the same whatever the list's length,
 * where an array's indexOf + splice cost O(n): with tens of thousands of threads in a group,
 * most of the simulator's time went there.
 *
 * Order is insertion order (list_add_tail), as the arrays it replaces were: every walk sees the
 * tasks in the same order as before, so no simulated figure changes. Iterating while the loop
 * body removes the *current* task is safe (the walk has already taken its successor).
 *
 * Simplifies: no RCU; the walks are plain loops.
 */

import type { Task } from './task.js';

/** A task's membership of one list. */
export class TaskNode {
  prev: TaskNode | null = null;
  next: TaskNode | null = null;
  /** The list this node is on, or null. */
  list: TaskList | null = null;
  constructor(readonly task: Task) {}
}

/** Which of a task's nodes a list links. */
export const GROUP_LIST = 0;
export const CHILD_LIST = 1;

class TaskListIterator implements Iterator<Task> {
  constructor(private n: TaskNode | null) {}
  next(): IteratorResult<Task> {
    const n = this.n;
    if (n === null) return { done: true, value: undefined };
    this.n = n.next;
    return { done: false, value: n.task };
  }
  [Symbol.iterator](): TaskListIterator {
    return this;
  }
}

/** A list of tasks in insertion order with O(1) append, removal and membership. */
export class TaskList implements Iterable<Task> {
  head: TaskNode | null = null;
  tail: TaskNode | null = null;
  length = 0;
  constructor(readonly which: typeof GROUP_LIST | typeof CHILD_LIST) {}

  /** The task's node for this kind of list, made on first use (most tasks are never a child). */
  private node(t: Task): TaskNode {
    if (this.which === GROUP_LIST) return t.groupNode ??= new TaskNode(t);
    return t.siblingNode ??= new TaskNode(t);
  }

  private nodeIfAny(t: Task): TaskNode | null {
    return this.which === GROUP_LIST ? t.groupNode : t.siblingNode;
  }

  /** list_add_tail. A task already on a list of this kind is moved here. */
  push(t: Task): void {
    const n = this.node(t);
    if (n.list !== null) n.list.unlink(n);
    n.list = this;
    n.prev = this.tail;
    n.next = null;
    if (this.tail !== null) this.tail.next = n; else this.head = n;
    this.tail = n;
    this.length++;
  }

  /** list_del: false if the task was not on this list. */
  remove(t: Task): boolean {
    const n = this.nodeIfAny(t);
    if (n === null || n.list !== this) return false;
    this.unlink(n);
    return true;
  }

  private unlink(n: TaskNode): void {
    if (n.prev !== null) n.prev.next = n.next; else this.head = n.next;
    if (n.next !== null) n.next.prev = n.prev; else this.tail = n.prev;
    // n.next is kept: a walk standing on n goes on to its old successor.
    n.prev = null;
    n.list = null;
    this.length--;
  }

  /** list_replace: `t` takes `old`'s place (old leaves the list); false if old was not on it. */
  replace(old: Task, t: Task): boolean {
    const o = this.nodeIfAny(old);
    if (o === null || o.list !== this) return false;
    const n = this.node(t);
    if (n.list !== null) n.list.unlink(n);
    n.list = this;
    n.prev = o.prev;
    n.next = o.next;
    if (o.prev !== null) o.prev.next = n; else this.head = n;
    if (o.next !== null) o.next.prev = n; else this.tail = n;
    o.prev = null;
    o.next = null;
    o.list = null;
    return true;
  }

  includes(t: Task): boolean {
    const n = this.nodeIfAny(t);
    return n !== null && n.list === this;
  }

  /** The first task, or null. */
  first(): Task | null {
    return this.head === null ? null : this.head.task;
  }

  /** The task after `t` on this list, wrapping to the first (next_thread's walk); t must be on it. */
  nextCyclic(t: Task): Task {
    const n = this.nodeIfAny(t)!.next;
    return n !== null ? n.task : this.head!.task;
  }

  some(fn: (t: Task) => boolean): boolean {
    for (let n = this.head; n !== null; n = n.next) if (fn(n.task)) return true;
    return false;
  }

  every(fn: (t: Task) => boolean): boolean {
    for (let n = this.head; n !== null; n = n.next) if (!fn(n.task)) return false;
    return true;
  }

  find(fn: (t: Task) => boolean): Task | undefined {
    for (let n = this.head; n !== null; n = n.next) if (fn(n.task)) return n.task;
    return undefined;
  }

  toArray(): Task[] {
    const out: Task[] = [];
    for (let n = this.head; n !== null; n = n.next) out.push(n.task);
    return out;
  }

  /** Empty the list (every node unlinked). */
  clear(): void {
    for (let n = this.head; n !== null;) {
      const next = n.next;
      n.prev = null; n.next = null; n.list = null;
      n = next;
    }
    this.head = null;
    this.tail = null;
    this.length = 0;
  }

  [Symbol.iterator](): Iterator<Task> {
    return new TaskListIterator(this.head);
  }
}
