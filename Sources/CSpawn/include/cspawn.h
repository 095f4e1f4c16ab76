#ifndef CSPAWN_H
#define CSPAWN_H
#include <spawn.h>

/// glibc's GNU extensions to posix_spawn that Swift's Glibc module does not show (they need _GNU_SOURCE).
int cspawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);
int cspawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);
#endif
