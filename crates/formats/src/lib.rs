//! Parsers: bytes in, engine types out. Pure: no I/O.
