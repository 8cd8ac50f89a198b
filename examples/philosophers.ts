// Dining philosophers: five threads, five fork mutexes; each takes its lower-numbered fork first, so no cycle (no deadlock).
import type { Libc, pthread_mutex_t } from '../libs/api.js';

const N = 5;
const MEALS = 3;

interface Seat { id: number; forks: pthread_mutex_t[]; meals: number[] }

function* philosopher(libc: Libc, seat: Seat) {
  const left = seat.id;
  const right = (seat.id + 1) % N;
  const first = Math.min(left, right);
  const second = Math.max(left, right);
  for (let m = 1; m <= MEALS; m++) {
    yield* libc.usleep(100 + 37 * seat.id); // think
    yield* libc.pthread_mutex_lock(seat.forks[first]);
    yield* libc.pthread_mutex_lock(seat.forks[second]);
    yield* libc.printf('philosopher %d eats meal %d with forks %d and %d\n', seat.id, m, first, second);
    yield* libc.compute(50_000); // eat: 50 µs
    seat.meals[seat.id]++;
    yield* libc.pthread_mutex_unlock(seat.forks[second]);
    yield* libc.pthread_mutex_unlock(seat.forks[first]);
  }
  return 0;
}

export default function* main(libc: Libc) {
  const forks: pthread_mutex_t[] = [];
  for (let i = 0; i < N; i++) forks.push(yield* libc.pthread_mutex_init());
  const meals = new Array<number>(N).fill(0);
  const ts: number[] = [];
  for (let i = 0; i < N; i++) ts.push(yield* libc.pthread_create(philosopher, { id: i, forks, meals }));
  for (const t of ts) yield* libc.pthread_join(t);
  yield* libc.printf('every philosopher ate %s meals\n', meals.join('/'));
  return 0;
}
