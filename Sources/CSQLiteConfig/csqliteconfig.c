#include <sqlite3.h>
#include "csqliteconfig.h"

int csqlite_no_checkpoint_on_close(void *db, int on) {
    return sqlite3_db_config((sqlite3 *)db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, on, (int *)0);
}
