//! What people read, in English and Spanish: the cashier's message's templates (`cashier`) and
//! the block message and notices composed from them (`notices`), the
//! overview's texts for every code it shows (`overview`), a failed request's words (`failure`),
//! and times as the pages show them (`time`). One word for what a person reads: a text. A
//! label is only Openbravo's: a key `OB.I18N.getLabel` translates (`cashier::Label`).

pub mod cashier;
pub mod failure;
pub mod notices;
pub mod overview;
pub mod time;
