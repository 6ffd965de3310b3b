/* idle.c - see idle.h.  pthreads directly: GLib sets no scheduling policy. */
#define _GNU_SOURCE /* SCHED_IDLE */
#include "config.h"
#include "util/idle.h"
#include <pthread.h>
#include <sched.h>

void
rr_thread_become_idle (void)
{
#ifdef SCHED_IDLE
  struct sched_param param = { 0 };
  pthread_setschedparam (pthread_self (), SCHED_IDLE, &param);
#endif
}
