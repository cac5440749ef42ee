//! A lead's chase digest as an RFC 5322 message that a mail client opens as
//! a draft (`X-Unsent: 1`) for the officer to review and send: csp never
//! sends mail. mail-builder writes the headers, so non-ASCII names and
//! subjects are encoded (RFC 2047) and nothing from the plan can start a
//! header of its own. Date and Message-ID come from the plan, the lead and
//! the as-of day, so the same plan gives the same bytes.
//!
//! The draft is from `[plan] from`, to the lead's addresses as csp.toml
//! writes them (each with its own name, if any: a contact's name belongs
//! on the contact's address, not a team inbox), with the digest as plain
//! text and as HTML that a mail client shows formatted, and the body's
//! return form attached when one was made in the same run.

use chrono::NaiveTime;
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::MimePart;

use super::chase::body;
use super::one_line;
use crate::fingerprint::fingerprint;
use crate::model::mailbox;
use crate::view::chase::{Chase, Digest};

/// The MIME type of a return form.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file to attach: its name and bytes.
pub struct Attachment<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// The draft for one lead; a lead without an address gets a draft with no
/// `To:`, to be addressed by hand.
pub fn draft(
    chase: &Chase<'_>,
    digest: &Digest<'_>,
    domain: &str,
    from: Option<&str>,
    form: Option<Attachment<'_>>,
) -> std::io::Result<Vec<u8>> {
    let as_of = chase.window.as_of;
    let midnight = as_of.and_time(NaiveTime::MIN).and_utc().timestamp();
    let subject = one_line(&digest.subject(chase));
    let text = body(chase, digest);
    let html = html_body(&text);
    // The parts' boundaries come from the content, not the clock (as
    // mail-builder's own would): the same plan gives the same bytes, and no
    // text carries its own hash.
    let seed = fingerprint(format!("{text}{html}").as_bytes());
    let alternative = MimePart::new(
        ContentType::new("multipart/alternative").attribute("boundary", format!("csp-alt-{seed}")),
        vec![
            MimePart::new("text/plain", text),
            MimePart::new("text/html", html),
        ],
    );
    let body = match form {
        Some(form) => MimePart::new(
            ContentType::new("multipart/mixed").attribute("boundary", format!("csp-mixed-{seed}")),
            vec![
                alternative,
                MimePart::new(XLSX, form.bytes.to_vec()).attachment(form.name.to_string()),
            ],
        ),
        None => alternative,
    };
    let mut message = MessageBuilder::new()
        .message_id(format!(
            "chase-{}-{}@{domain}",
            digest.lead.key,
            as_of.format("%Y%m%d")
        ))
        .date(midnight)
        .subject(subject)
        .header("X-Unsent", Raw::new("1"));
    if let Some(from) = from {
        message = message.from(address(from));
    }
    let lead = digest.lead;
    if !lead.emails.is_empty() {
        let to: Vec<Address<'_>> = lead.emails.iter().map(|email| address(email)).collect();
        message = message.to(to);
    }
    let message = message.body(body);
    message.write_to_vec()
}

/// An address as csp.toml writes it, with its own name when it has one.
fn address(text: &str) -> Address<'static> {
    match mailbox(text) {
        (Some(name), email) => Address::from((one_line(name), email.to_string())),
        (None, email) => Address::from(email.to_string()),
    }
}

/// The plain body as HTML: paragraphs, headings for the groups and a list
/// per group, every text escaped. A mail client shows it formatted, where
/// the Markdown digest pasted in would show `##` and `**`.
fn html_body(text: &str) -> String {
    let mut html =
        String::from("<!DOCTYPE html><html><body style=\"font-family: Arial, sans-serif\">\n");
    let mut in_list = false;
    for block in text.split("\n\n") {
        let block = block.trim_end();
        if block.is_empty() {
            continue;
        }
        if let Some(item) = block.strip_prefix("  ") {
            if !in_list {
                html.push_str("<ul>\n");
                in_list = true;
            }
            let mut lines = item.lines().map(str::trim);
            html.push_str("<li><strong>");
            html.push_str(&escape(lines.next().unwrap_or_default()));
            html.push_str("</strong>");
            for line in lines {
                html.push_str("<br>");
                html.push_str(&escape(line));
            }
            html.push_str("</li>\n");
            continue;
        }
        if in_list {
            html.push_str("</ul>\n");
            in_list = false;
        }
        // A group's heading: one line, "Overdue (2)".
        let is_heading = !block.contains('\n')
            && block
                .strip_suffix(')')
                .and_then(|rest| rest.rsplit_once(" ("))
                .is_some_and(|(_, count)| {
                    !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit())
                });
        if is_heading {
            html.push_str(&format!("<h3>{}</h3>\n", escape(block)));
            continue;
        }
        html.push_str("<p>");
        html.push_str(&escape(block).replace('\n', "<br>"));
        html.push_str("</p>\n");
    }
    if in_list {
        html.push_str("</ul>\n");
    }
    html.push_str("</body></html>\n");
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
