//! Screenings kept for a few days (see `concepts::Screenings`): numbered by a sequence,
//! since no reader follows them in the order they commit (the service reads a window of
//! them whole).

use super::PostgresStore;
use crate::concepts::Screenings;
use crate::{KeptScreening, StoreError};

impl Screenings for PostgresStore {
    fn keep_screenings(&mut self, at: i64, screenings: &[(i64, &str)]) -> Result<(), StoreError> {
        if screenings.is_empty() {
            return Ok(());
        }
        let queriers: Vec<i64> = screenings.iter().map(|(querier, _)| *querier).collect();
        let queries: Vec<&str> = screenings.iter().map(|(_, query)| *query).collect();
        self.write(|transaction| {
            transaction.execute(
                "INSERT INTO screening_kept (at, querier, query)
                 SELECT $1, kept.querier, kept.query
                 FROM unnest($2::bigint[], $3::text[]) AS kept (querier, query)",
                &[&at, &queriers, &queries],
            )?;
            Ok(())
        })
    }

    fn kept_screenings(
        &self,
        since: i64,
        after: i64,
        limit: usize,
    ) -> Result<Vec<KeptScreening>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.client.borrow_mut().query(
            "SELECT id, at, querier, query FROM screening_kept
             WHERE id > $1 AND at >= $2 ORDER BY id LIMIT $3",
            &[&after, &since, &limit],
        )?;
        Ok(rows
            .iter()
            .map(|row| KeptScreening {
                id: row.get(0),
                at: row.get(1),
                querier: row.get(2),
                query: row.get(3),
            })
            .collect())
    }

    fn kept_screening_count(&self, since: i64) -> Result<usize, StoreError> {
        let row = self.client.borrow_mut().query_one(
            "SELECT count(*) FROM screening_kept WHERE at >= $1",
            &[&since],
        )?;
        Ok(usize::try_from(row.get::<_, i64>(0)).unwrap_or(0))
    }

    fn forget_screenings(&mut self, before: i64) -> Result<usize, StoreError> {
        self.write(|transaction| {
            let forgotten =
                transaction.execute("DELETE FROM screening_kept WHERE at < $1", &[&before])?;
            Ok(usize::try_from(forgotten).unwrap_or(usize::MAX))
        })
    }
}
