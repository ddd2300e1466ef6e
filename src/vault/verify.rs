//! `vault verify`: the whole vault checked at once, for backups and CI: the engine's own
//! consistency check, the mark and every row MAC, and every sealed secret decrypted
//! where it lives.

use serde::Serialize;

use super::Vault;
use super::integrity::{Row, Seal};
use crate::error::Result;
use crate::store::{Read, SECRET_COLUMNS, SignedRow};

/// A signed row that does not pass.
#[derive(Debug, Clone, Serialize)]
pub struct RowProblem {
    /// The row in words ("connector 'Calendar' (row 3)").
    pub row: String,
    pub table: &'static str,
    /// Its id, or a provider's name.
    pub id: String,
    /// `missing_mac`, `mac_mismatch`, or `dangling` (it points at a row that is gone).
    pub problem: &'static str,
}

/// A sealed secret that does not open where it lives.
#[derive(Debug, Clone, Serialize)]
pub struct SecretProblem {
    pub table: &'static str,
    pub column: &'static str,
    pub row: i64,
    /// The error code (`secret_misplaced`, `secret_corrupt`, ...).
    pub code: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub ok: bool,
    pub vault_id: String,
    /// What the engine's own check found (SQLite's `integrity_check` and
    /// `foreign_key_check`); empty when nothing.
    pub engine: Vec<String>,
    /// `intact`, `missing` or `broken`: the mark that says the rows are signed; or
    /// `unsigned`: a vault whose rows were never signed (`vault sign-rows` signs them).
    pub mark: &'static str,
    pub rows_checked: usize,
    pub rows: Vec<RowProblem>,
    pub secrets_checked: usize,
    pub secrets: Vec<SecretProblem>,
}

impl Vault {
    /// Checks everything and changes nothing: a vault whose rows were never signed is
    /// reported, not signed.
    pub fn verify(&self) -> Result<VerifyReport> {
        let engine = self.db().integrity_check()?;
        let mark = match self.unlock() {
            Ok(_) => "intact",
            // The key is loaded; only the mark failed.
            Err(e) if e.code == crate::error::code::ROWS_UNSIGNED.name => "unsigned",
            Err(e) if e.code == crate::error::code::VAULT_TAMPERED.name => {
                match self.db().meta(super::integrity::MARK)? {
                    None => "missing",
                    Some(_) => "broken",
                }
            }
            Err(e) => return Err(e),
        };
        let (rows_checked, rows) = self.row_problems(self.db())?;
        let mut secrets_checked = 0;
        let mut secrets = Vec::new();
        for column in SECRET_COLUMNS {
            for (row, ciphertext) in self.db().sealed_values(*column)? {
                secrets_checked += 1;
                if let Err(e) = self.reveal(*column, row, &ciphertext) {
                    secrets.push(SecretProblem {
                        table: column.table(),
                        column: column.column(),
                        row,
                        code: e.code,
                        message: e.message,
                    });
                }
            }
        }
        Ok(VerifyReport {
            ok: engine.is_empty() && mark == "intact" && rows.is_empty() && secrets.is_empty(),
            vault_id: self.meta().vault_id.clone(),
            engine,
            mark,
            rows_checked,
            rows,
            secrets_checked,
            secrets,
        })
    }

    /// Every signed row of `db` checked under this vault's row key.
    pub(super) fn row_problems(&self, db: &dyn Read) -> Result<(usize, Vec<RowProblem>)> {
        let key = self.row_key()?;
        let rows = db.signed_rows()?;
        let mut problems = Vec::new();
        for row in &rows {
            let Some(read) = Row::read(db, row)? else {
                // A connection whose connector or app is gone does not read back.
                if let SignedRow::Connection(id) = row {
                    problems.push(RowProblem {
                        row: format!("connection row {id}"),
                        table: "connections",
                        id: id.to_string(),
                        problem: "dangling",
                    });
                }
                continue;
            };
            let problem = match read.check(&key) {
                Seal::Intact => continue,
                Seal::Missing => "missing_mac",
                Seal::Broken => "mac_mismatch",
            };
            problems.push(RowProblem {
                row: read.describe(),
                table: read.table(),
                id: row.key(),
                problem,
            });
        }
        Ok((rows.len(), problems))
    }
}
