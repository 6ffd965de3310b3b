/* idle.h - background threads at idle priority (util stage): the loader's prefault worker and
 * the release's hash run only on a core that nothing else wants. */
#pragma once

/* Puts the calling thread at idle priority (SCHED_IDLE).  Only a hint: where the system refuses
 * or has no such policy, the thread runs at normal priority and does the same work. */
void rr_thread_become_idle (void);
