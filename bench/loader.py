"""Bulk loading of generated rows, the fast way each backend allows.

SQLite: SQLAlchemy Core `insert(table)` executed with many rows at once, in one transaction,
with the journal in memory and no fsync (for the load only). PostgreSQL: psycopg's COPY through
the raw DBAPI connection, foreign-key triggers off for the load's transaction (the generator
gives every row a consistent explicit id), sequences moved past the ids afterwards.
"""

import json

import sqlalchemy as sa

BATCH_ROWS = 50_000


class BulkLoader:
    """Buffers rows per table (tuples in the order of `columns`) and writes them in batches.

    NOT NULL columns of the database table that the generator leaves out are filled with the
    model's scalar or callable default, evaluated once per table, so that a column added to the
    schema later does not break the load (one without any default does: the error names it).
    Columns the model has and the database not yet (a migration still to come) are left out.
    """

    def __init__(self, connection, metadata):
        self.connection = connection
        self.metadata = metadata
        self.postgresql = connection.dialect.name == "postgresql"
        self.columns = {}
        self.fillers = {}
        self.buffers = {}
        self.order = []
        self.counts = {}

    def table(self, name, columns):
        """Declare a table and the columns its rows give, in the order tables must be written."""
        table = self.metadata.tables[name]
        fill_names, fill_values = [], []
        for found in sa.inspect(self.connection).get_columns(name):
            if found["name"] in columns or found["nullable"]:
                continue
            column = table.c.get(found["name"])
            default = column.default if column is not None else None
            if default is None or not (default.is_scalar or default.is_callable):
                raise RuntimeError(f"bench: {name}.{found['name']} is NOT NULL and the generator gives no value")
            value = default.arg if default.is_scalar else default.arg(None)
            fill_names.append(found["name"])
            fill_values.append(value)
        self.columns[name] = tuple(columns) + tuple(fill_names)
        self.fillers[name] = tuple(fill_values)
        self.buffers[name] = []
        self.counts[name] = 0
        self.order.append(name)

    def add(self, name, row):
        self.buffers[name].append(row)

    def pending(self):
        return sum(len(rows) for rows in self.buffers.values())

    def flush(self):
        """Write every buffered row, parents first."""
        for name in self.order:
            rows = self.buffers[name]
            if not rows:
                continue
            filler = self.fillers[name]
            if filler:
                rows = [row + filler for row in rows]
            if self.postgresql:
                self._copy(name, rows)
            else:
                self._insert(name, rows)
            self.counts[name] += len(rows)
            self.buffers[name] = []

    def _insert(self, name, rows):
        # A bare table clause of the given columns: their types bind the values, and no model
        # default adds a column the database may not have yet.
        model = self.metadata.tables[name]
        columns = self.columns[name]
        table = sa.table(name, *(sa.column(column, model.c[column].type) for column in columns))
        for start in range(0, len(rows), BATCH_ROWS):
            batch = [dict(zip(columns, row, strict=True)) for row in rows[start:start + BATCH_ROWS]]
            self.connection.execute(sa.insert(table), batch)

    def _copy(self, name, rows):
        table = self.metadata.tables[name]
        columns = self.columns[name]
        json_positions = [i for i, column in enumerate(columns) if isinstance(table.c[column].type, sa.JSON)]
        cursor = self.connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                if json_positions:
                    row = list(row)
                    for position in json_positions:
                        row[position] = json.dumps(row[position])
                copy.write_row(row)
        cursor.close()


def prepare(connection):
    """Settings for the load's connection (SQLite: per connection; PostgreSQL: this transaction)."""
    if connection.dialect.name == "postgresql":
        # Foreign-key triggers off for this transaction only (the generated ids are consistent);
        # only a superuser may, others load with the checks on, more slowly.
        if connection.exec_driver_sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").scalar():
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    else:
        connection.exec_driver_sql("PRAGMA synchronous = OFF")
        connection.exec_driver_sql("PRAGMA journal_mode = MEMORY")


def finish(engine, tables):
    """After the load: sequences past the explicit ids (PostgreSQL), then fresh statistics."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for name in tables:
                table = engine.dialect.identifier_preparer.quote(name)
                if "id" not in {c["name"] for c in sa.inspect(connection).get_columns(name)}:
                    continue
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false) "
                    f"WHERE pg_get_serial_sequence('{name}', 'id') IS NOT NULL")
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
