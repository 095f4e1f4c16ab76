#define _GNU_SOURCE
#include <spawn.h>
#include "cspawn.h"

int cspawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
#ifdef __APPLE__
    return posix_spawn_file_actions_addchdir_np(actions, path);
#else
    return posix_spawn_file_actions_addchdir_np(actions, path);
#endif
}

int cspawn_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
#ifdef __APPLE__
    (void)actions; (void)from;
    return 0;   /* Darwin: POSIX_SPAWN_CLOEXEC_DEFAULT does this; not used there */
#else
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
#endif
}
