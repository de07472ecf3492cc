#ifndef CSTATESQLITE_H
#define CSTATESQLITE_H

#include <sqlite3.h>

/// Keeps a WAL-mode connection's write-ahead log when it closes, and closes it without a
/// checkpoint (SQLITE_FCNTL_PERSIST_WAL and SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE): the next
/// connection appends to the same log instead of starting, and flushing, a new one.
/// sqlite3_db_config is variadic, which Swift cannot call; hence this shim.
/// Returns SQLITE_OK, or the first error code.
int aiw_sqlite_keep_wal(sqlite3 *db);

#endif
