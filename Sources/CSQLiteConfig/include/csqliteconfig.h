#ifndef CSQLITECONFIG_H
#define CSQLITECONFIG_H

/// sqlite3_db_config is variadic, which Swift cannot call: one fixed-argument wrapper per option the store sets.
/// `db` is the connection (sqlite3 *).

/// SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE: `on` non-zero makes closing the connection skip the WAL checkpoint.
/// Returns SQLite's result code.
int csqlite_no_checkpoint_on_close(void *db, int on);

#endif
