//! A lead's chase digest as an RFC 5322 message that a mail client opens as
//! a draft (`X-Unsent: 1`) for the officer to review and send: csp never
//! sends mail. mail-builder writes the headers, so non-ASCII names and
//! subjects are encoded (RFC 2047) and nothing from the plan can start a
//! header of its own. Date and Message-ID come from the plan, the lead and
//! the as-of day, so the same plan gives the same bytes.

use chrono::NaiveTime;
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;

use super::chase::body;
use super::one_line;
use crate::view::chase::{Chase, Digest};

/// The draft for one lead; a lead without an address gets a draft with no
/// `To:`, to be addressed by hand.
pub fn draft(chase: &Chase<'_>, digest: &Digest<'_>, domain: &str) -> std::io::Result<Vec<u8>> {
    let as_of = chase.window.as_of;
    let midnight = as_of.and_time(NaiveTime::MIN).and_utc().timestamp();
    let subject = one_line(&digest.subject(chase));
    let mut message = MessageBuilder::new()
        .message_id(format!(
            "chase-{}-{}@{domain}",
            digest.lead.key,
            as_of.format("%Y%m%d")
        ))
        .date(midnight)
        .subject(subject)
        .header("X-Unsent", Raw::new("1"))
        .text_body(body(chase, digest));
    let lead = digest.lead;
    if !lead.emails.is_empty() {
        let contact = lead.contact.as_deref().map(one_line);
        let to: Vec<Address<'_>> = lead
            .emails
            .iter()
            .map(|email| match &contact {
                Some(name) => Address::from((name.clone(), email.clone())),
                None => Address::from(email.clone()),
            })
            .collect();
        message = message.to(to);
    }
    message.write_to_vec()
}
