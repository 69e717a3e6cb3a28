//! What an Openbravo module file holds, read as Openbravo reads it: a table's rows in
//! `src-db/database/sourcedata/<TABLE>.xml` (`<data><TABLE><COLUMN><![CDATA[value]]></COLUMN>…`,
//! what Module Management loads), and a translation module's rows in
//! `referencedata/translation/<lang>/<TABLE>_TRL_<lang>.xml` (`<compiereTrl table=…><row id=…>
//! <value column=… original=…>text</value>…`, what Openbravo's TranslationManager imports). The
//! simulator serves the labels of a module file this way, and the package tests load its rows.

use std::collections::BTreeMap;

/// One row: its columns' values by column name.
pub type Row = BTreeMap<String, String>;

/// The rows of `table` in a sourcedata file, in the file's order; an error in words when the
/// file is not well formed.
pub fn sourcedata_rows(text: &str, table: &str) -> Result<Vec<Row>, String> {
    let (open, close) = (format!("<{table}>"), format!("</{table}>"));
    let mut rows = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(&open) {
        let body = &rest[at + open.len()..];
        let end = body.find(&close).ok_or_else(|| format!("a {table} row is not closed"))?;
        let mut columns = Row::new();
        let mut row = &body[..end];
        while let Some(cdata) = row.find("<![CDATA[") {
            let name_start = row[..cdata].rfind('<').ok_or("a value without its column")? + 1;
            let name = row[name_start..cdata.saturating_sub(1)].to_owned();
            let value_end =
                row[cdata..].find("]]>").ok_or("a CDATA section is not closed")? + cdata;
            columns.insert(name.clone(), row[cdata + 9..value_end].to_owned());
            let closing = format!("</{name}>");
            let after = &row[value_end + 3..];
            if !after.starts_with(&closing) {
                return Err(format!("{table}.{name} is not closed"));
            }
            row = &after[closing.len()..];
        }
        rows.push(columns);
        rest = &body[end + close.len()..];
    }
    Ok(rows)
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A translation file's rows: its base table, its language, and each row's id with its
/// columns' translated texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translation {
    /// The base table (`AD_MESSAGE`), whose `_TRL` table the rows fill.
    pub table: String,
    /// The language (`es_ES`).
    pub language: String,
    /// Each row's id (the base row's) and its columns' texts.
    pub rows: Vec<(String, Row)>,
}

/// A translation file, read.
pub fn translation_rows(text: &str) -> Result<Translation, String> {
    let attribute = |name: &str| -> Result<String, String> {
        let key = format!("{name}=\"");
        let at = text.find(&key).ok_or_else(|| format!("no {name} attribute"))? + key.len();
        Ok(text[at..].split('"').next().unwrap_or_default().to_owned())
    };
    let (table, language) = (attribute("table")?, attribute("language")?);
    let mut rows = Vec::new();
    for row in text.split("<row id=\"").skip(1) {
        let id = row.split('"').next().unwrap_or_default().to_owned();
        let mut values = Row::new();
        for value in row.split("<value column=\"").skip(1) {
            let column = value.split('"').next().unwrap_or_default().to_owned();
            let (_, after) = value.split_once('>').ok_or("a value is not closed")?;
            let text = after.split("</value>").next().unwrap_or_default();
            values.insert(column, unescape(text));
        }
        rows.push((id, values));
    }
    Ok(Translation { table, language, rows })
}
