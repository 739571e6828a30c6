//! Screenings kept for a few days (see `concepts::Screenings`).

use rusqlite::params;

use super::Store;
use crate::{KeptScreening, StoreError};

impl Store {
    pub fn keep_screenings(
        &mut self,
        at: i64,
        screenings: &[(i64, &str)],
    ) -> Result<(), StoreError> {
        if screenings.is_empty() {
            return Ok(());
        }
        let transaction = self.begin()?;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT INTO screening_kept (at, querier, query) VALUES (?1, ?2, ?3)",
            )?;
            for (querier, query) in screenings {
                insert.execute(params![at, querier, query])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    pub fn kept_screenings(
        &self,
        since: i64,
        after: i64,
        limit: usize,
    ) -> Result<Vec<KeptScreening>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT id, at, querier, query FROM screening_kept
             WHERE id > ?1 AND at >= ?2 ORDER BY id LIMIT ?3",
        )?;
        let rows = statement.query_map(
            params![after, since, i64::try_from(limit).unwrap_or(i64::MAX)],
            |row| {
                Ok(KeptScreening {
                    id: row.get(0)?,
                    at: row.get(1)?,
                    querier: row.get(2)?,
                    query: row.get(3)?,
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn kept_screening_count(&self, since: i64) -> Result<usize, StoreError> {
        let count: i64 = self.connection.query_row(
            "SELECT count(*) FROM screening_kept WHERE at >= ?1",
            params![since],
            |row| row.get(0),
        )?;
        Ok(count as usize)
    }

    pub fn forget_screenings(&mut self, before: i64) -> Result<usize, StoreError> {
        let transaction = self.begin()?;
        let forgotten =
            transaction.execute("DELETE FROM screening_kept WHERE at < ?1", params![before])?;
        transaction.commit()?;
        Ok(forgotten)
    }
}
