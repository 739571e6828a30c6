//! Lost and stolen document files: CSV with the columns
//! `number,issuing_state,type,status,reported_on` (a header row naming them is optional).
//! Each row is returned with its line; a row of the wrong width is an error naming the
//! line and how many columns it has. Fields are read here, checked by the service.

use std::io::Read;

/// The columns of a document file, in order.
pub const COLUMNS: [&str; 5] = ["number", "issuing_state", "type", "status", "reported_on"];

/// One row: its line in the file (from 1), where it starts (bytes from the start of the
/// file), and its fields, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLine {
    pub line: u64,
    pub byte: u64,
    pub fields: [String; 5],
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct RowProblem {
    pub line: u64,
    pub reason: String,
}

/// The most bytes of one row.
pub const MAX_ROW_BYTES: usize = 4096;

/// The rows of a document file, in order.
pub struct DocumentRows<R: Read> {
    input: std::io::BufReader<R>,
    line: u64,
    byte: u64,
    buffer: Vec<u8>,
    first: bool,
    done: bool,
}

/// Reads the rows of `input`.
pub fn rows<R: Read>(input: R) -> DocumentRows<R> {
    DocumentRows {
        input: std::io::BufReader::with_capacity(1 << 20, input),
        line: 0,
        byte: 0,
        buffer: Vec::with_capacity(256),
        first: true,
        done: false,
    }
}

impl<R: Read> DocumentRows<R> {
    /// The input, once read.
    pub fn into_inner(self) -> R {
        self.input.into_inner()
    }
}

/// The fields of one line of CSV (RFC 4180 within a line: a field in double quotes may hold
/// commas and doubled quotes), trimmed, or what is wrong with it.
fn split(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::with_capacity(COLUMNS.len());
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start();
        if let Some(quoted) = trimmed.strip_prefix('"') {
            let mut field = String::new();
            let mut chars = quoted.char_indices();
            let after = loop {
                match chars.next() {
                    None => {
                        return Err(format!(
                            "column {}: a quote is not closed",
                            fields.len() + 1
                        ))
                    }
                    Some((at, '"')) => {
                        if quoted[at + 1..].starts_with('"') {
                            field.push('"');
                            chars.next();
                        } else {
                            break &quoted[at + 1..];
                        }
                    }
                    Some((_, c)) => field.push(c),
                }
            };
            fields.push(field.trim().to_string());
            let after = after.trim_start();
            match after.strip_prefix(',') {
                Some(next) => rest = next,
                None if after.is_empty() => return Ok(fields),
                None => {
                    return Err(format!(
                        "column {}: text after the closing quote",
                        fields.len()
                    ))
                }
            }
        } else {
            match trimmed.split_once(',') {
                Some((field, next)) => {
                    fields.push(field.trim().to_string());
                    rest = next;
                }
                None => {
                    fields.push(trimmed.trim().to_string());
                    return Ok(fields);
                }
            }
        }
    }
}

impl<R: Read> Iterator for DocumentRows<R> {
    type Item = Result<DocumentLine, RowProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        use std::io::BufRead;
        while !self.done {
            self.buffer.clear();
            let start = self.byte;
            let read = match (&mut self.input)
                .take(MAX_ROW_BYTES as u64 + 1)
                .read_until(b'\n', &mut self.buffer)
            {
                Ok(read) => read,
                Err(error) => {
                    self.done = true;
                    return Some(Err(RowProblem {
                        line: self.line + 1,
                        reason: format!("cannot be read: {error}"),
                    }));
                }
            };
            if read == 0 {
                self.done = true;
                return None;
            }
            self.line += 1;
            self.byte += read as u64;
            let line = self.line;
            let problem = |reason: String| Some(Err(RowProblem { line, reason }));
            if self.buffer.len() > MAX_ROW_BYTES {
                // the rest of the line is skipped, so that the next row is read whole
                while !self.buffer.ends_with(b"\n") {
                    self.buffer.clear();
                    match (&mut self.input)
                        .take(1 << 16)
                        .read_until(b'\n', &mut self.buffer)
                    {
                        Ok(0) | Err(_) => break,
                        Ok(read) => self.byte += read as u64,
                    }
                }
                return problem(format!("longer than {MAX_ROW_BYTES} bytes"));
            }
            let Ok(text) = std::str::from_utf8(&self.buffer) else {
                return problem("not UTF-8 text".to_string());
            };
            let text = text.trim_end_matches(['\n', '\r']);
            let text = if line == 1 {
                text.trim_start_matches('\u{feff}')
            } else {
                text
            };
            if text.trim().is_empty() {
                continue;
            }
            let fields = match split(text) {
                Ok(fields) => fields,
                Err(reason) => return problem(reason),
            };
            let first = std::mem::replace(&mut self.first, false);
            let is_header = fields.len() == COLUMNS.len()
                && fields
                    .iter()
                    .zip(COLUMNS)
                    .all(|(field, column)| field.eq_ignore_ascii_case(column));
            if first && is_header {
                continue;
            }
            let Ok(fields) = <[String; 5]>::try_from(fields) else {
                let found = split(text).map_or(0, |fields| fields.len());
                return problem(format!(
                    "{found} columns, expected {} ({})",
                    COLUMNS.len(),
                    COLUMNS.join(",")
                ));
            };
            return Some(Ok(DocumentLine {
                line,
                byte: start,
                fields,
            }));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Result<DocumentLine, RowProblem>> {
        rows(text.as_bytes()).collect()
    }

    #[test]
    fn rows_come_with_their_lines_and_a_header_is_skipped() {
        let text = "number,issuing_state,type,status,reported_on\n\
                    L1234567, JOR ,P,stolen,2026-01-02\n\
                    \n\
                    \"AB 12\",D,I,lost,2025-12-31\n";
        let rows = read(text);
        assert_eq!(rows.len(), 2);
        let first = rows[0].as_ref().unwrap();
        assert_eq!((first.line, first.fields[1].as_str()), (2, "JOR"));
        let second = rows[1].as_ref().unwrap();
        assert_eq!((second.line, second.fields[0].as_str()), (4, "AB 12"));
    }

    #[test]
    fn a_row_of_the_wrong_width_names_its_line() {
        let rows = read("A1,JOR,P,lost,2026-01-02\nA2,JOR,P,lost\nA3,JOR,P,lost,2026-01-02,x\n");
        assert!(rows[0].is_ok());
        let problem = rows[1].as_ref().unwrap_err();
        assert_eq!(problem.line, 2);
        assert!(problem.reason.starts_with("4 columns"), "{problem}");
        assert_eq!(rows[2].as_ref().unwrap_err().line, 3);
    }

    #[test]
    fn quoted_fields_hold_commas_and_quotes_and_broken_quotes_are_named() {
        let rows = read("\"A,1\",JOR,P,\"lo\"\"st\",2026-01-02\n\"A2,JOR,P,lost,2026-01-02\n\"A3\"x,JOR,P,lost,2026-01-02\r\n");
        let first = rows[0].as_ref().unwrap();
        assert_eq!(
            (first.fields[0].as_str(), first.fields[3].as_str()),
            ("A,1", "lo\"st")
        );
        assert!(rows[1].as_ref().unwrap_err().reason.contains("not closed"));
        assert!(rows[2]
            .as_ref()
            .unwrap_err()
            .reason
            .contains("after the closing quote"));
    }

    #[test]
    fn a_row_too_long_is_refused_and_the_next_read_whole() {
        let text = format!(
            "{},JOR,P,lost,2026-01-02\nA2,JOR,P,lost,2026-01-02\n",
            "9".repeat(10_000)
        );
        let rows = read(&text);
        assert_eq!(rows.len(), 2);
        assert!(rows[0]
            .as_ref()
            .unwrap_err()
            .reason
            .starts_with("longer than"));
        let second = rows[1].as_ref().unwrap();
        assert_eq!((second.line, second.fields[0].as_str()), (2, "A2"));
    }

    #[test]
    fn bytes_that_are_not_text_are_a_problem_not_a_panic() {
        let rows: Vec<_> =
            rows(&b"A1,JOR,P,lost,2026-01-02\n\xff\xfe,JOR,P,lost,2026-01-02\n"[..]).collect();
        assert!(rows[0].is_ok());
        assert_eq!(rows[1].as_ref().unwrap_err().line, 2);
    }
}
