//! Drawing many rows on every core while writing them in order: what makes
//! a listing of a large plan, in any form, take about the time of writing it.

use std::io::Write;

use rayon::prelude::*;

/// Draws `items` in chunks of `chunk` on every core and hands each chunk's
/// drawing to `write` in order: rows of a large listing are independent,
/// and drawing them is most of a listing's time. A few chunks per core are
/// drawn at a time, so what is held is bounded whatever the number of items.
fn in_parallel_in_order<T: Sync, Drawn: Send, E>(
    items: &[T],
    chunk: usize,
    draw: impl Fn(usize, &[T]) -> Drawn + Sync,
    mut write: impl FnMut(Drawn) -> Result<(), E>,
) -> Result<(), E> {
    let window = 4 * rayon::current_num_threads().max(1);
    let chunks: Vec<&[T]> = items.chunks(chunk.max(1)).collect();
    for (start, batch) in (0..).step_by(window).zip(chunks.chunks(window)) {
        let drawn: Vec<Drawn> = batch
            .par_iter()
            .enumerate()
            .map(|(offset, items)| draw(start + offset, items))
            .collect();
        for chunk in drawn {
            write(chunk)?;
        }
    }
    Ok(())
}

/// [`in_parallel_in_order`] to an `io::Write`: `draw` gives a chunk's bytes
/// (its index says which chunk it is).
pub(crate) fn write_in_parallel<T: Sync>(
    items: &[T],
    chunk: usize,
    out: &mut dyn Write,
    draw: impl Fn(usize, &[T]) -> anyhow::Result<Vec<u8>> + Sync,
) -> anyhow::Result<()> {
    in_parallel_in_order(items, chunk, draw, |bytes| {
        out.write_all(&bytes?)?;
        Ok(())
    })
}

/// [`in_parallel_in_order`] to a `fmt::Write`, as the meeting pack's
/// Markdown is written: `draw` writes a chunk into a `String` of its own.
pub(crate) fn write_str_in_parallel<T: Sync>(
    items: &[T],
    chunk: usize,
    out: &mut dyn std::fmt::Write,
    draw: impl Fn(&[T], &mut String) -> std::fmt::Result + Sync,
) -> std::fmt::Result {
    in_parallel_in_order(
        items,
        chunk,
        |_, items| {
            let mut text = String::new();
            draw(items, &mut text).map(|()| text)
        },
        |text| out.write_str(&text?),
    )
}
