//! Positions in a source file, and a value that keeps the position of its key and of itself,
//! so that every finding can point at the place it is about.

use std::borrow::Cow;
use std::num::NonZeroU64;
use std::sync::Mutex;

use schemars::{JsonSchema, Schema, SchemaGenerator};

/// A place in a source file: 1-based line and column (in characters), and the length in
/// characters of what is there (for the caret under it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

impl Pos {
    pub const START: Pos = Pos {
        line: 1,
        column: 1,
        len: 0,
    };

    /// The position serde-saphyr reports for a node or an error.
    pub fn of(location: &serde_saphyr::Location) -> Pos {
        Pos {
            line: clamp(location.line()).max(1),
            column: clamp(location.column()).max(1),
            len: clamp(location.span().len()),
        }
    }
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value read from a file, with the position of its key and of the value itself.
#[derive(Clone)]
pub struct Node<T> {
    pub value: T,
    /// Where the key naming this value stands (the value's own position for list items), and
    /// where the value starts.
    span: Span,
}

impl<T> Node<T> {
    pub fn new(value: T, key: Pos, at: Pos) -> Node<T> {
        Node {
            value,
            span: Span::new(key, at),
        }
    }

    /// Where the key naming this value stands (the value's own position for list items).
    pub fn key(&self) -> Pos {
        self.span.get().0
    }

    /// Where the value starts.
    pub fn at(&self) -> Pos {
        self.span.get().1
    }
}

/// Equal when the values and both positions are (however each position is kept).
impl<T: PartialEq> PartialEq for Node<T> {
    fn eq(&self, other: &Node<T>) -> bool {
        self.value == other.value && self.span.get() == other.span.get()
    }
}

impl<T: Eq> Eq for Node<T> {}

/// As the value and the positions it keeps.
impl<T: std::fmt::Debug> std::fmt::Debug for Node<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("value", &self.value)
            .field("key", &self.key())
            .field("at", &self.at())
            .finish()
    }
}

/// A node's two positions in 8 bytes instead of 24, for the positions a loaded model keeps (on
/// each of a community's 20-odd values and list items, times 10,000 communities), as rustc
/// keeps its spans: in the value itself when they are as small as nearly all are, else as an
/// index into a table of the few that are not. Either way exact.
///
/// Inline (top bit set, so that an absent value costs no more than a present one:
/// `Option<Node<Week>>` is as large as `Node<Week>`): the value's line, column and length in
/// 20, 12 and 12 bits, then the key as lines above the value, column and length in 5, 8 and 6
/// bits, or all ones there when the key is the value's own position (a list item).
#[derive(Clone, Copy)]
struct Span(NonZeroU64);

/// A field of an inline [`Span`]: its width in bits and where it starts.
#[derive(Clone, Copy)]
struct Bits(u32, u32);

const LINE: Bits = Bits(20, 43);
const COLUMN: Bits = Bits(12, 31);
const LEN: Bits = Bits(12, 19);
const KEY_ABOVE: Bits = Bits(5, 14);
const KEY_COLUMN: Bits = Bits(8, 6);
const KEY_LEN: Bits = Bits(6, 0);
/// The key part of a list item's span: all 19 key bits set.
const SAME: u64 = (1 << 19) - 1;
const INLINE: NonZeroU64 = NonZeroU64::new(1 << 63).unwrap();

impl Bits {
    fn put(self, n: u32) -> Option<u64> {
        (n < 1 << self.0).then(|| u64::from(n) << self.1)
    }

    fn take(self, packed: u64) -> u32 {
        ((packed >> self.1) & ((1 << self.0) - 1)) as u32
    }
}

/// The spans too large to keep inline, for the life of the process (rare: a value past column
/// 4,095, longer than 4,095 characters, or more than 31 lines below its key).
static LARGE: Mutex<Vec<(Pos, Pos)>> = Mutex::new(Vec::new());

fn large() -> std::sync::MutexGuard<'static, Vec<(Pos, Pos)>> {
    LARGE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Span {
    fn new(key: Pos, at: Pos) -> Span {
        let inline = || {
            let value = LINE.put(at.line)? | COLUMN.put(at.column)? | LEN.put(at.len)?;
            let key = match key == at {
                true => SAME,
                false => {
                    let bits = KEY_ABOVE.put(at.line.checked_sub(key.line)?)?
                        | KEY_COLUMN.put(key.column)?
                        | KEY_LEN.put(key.len)?;
                    (bits != SAME).then_some(bits)?
                }
            };
            Some(INLINE | value | key)
        };
        Span(inline().unwrap_or_else(|| {
            let mut large = large();
            large.push((key, at));
            // Counted from 1, and the top bit clear.
            NonZeroU64::MIN.saturating_add(large.len() as u64 - 1)
        }))
    }

    /// The key's position and the value's.
    fn get(self) -> (Pos, Pos) {
        let packed = self.0.get();
        if packed & INLINE.get() == 0 {
            return large()[packed as usize - 1];
        }
        let at = Pos {
            line: LINE.take(packed),
            column: COLUMN.take(packed),
            len: LEN.take(packed),
        };
        let key = match packed & SAME {
            SAME => at,
            _ => Pos {
                line: at.line - KEY_ABOVE.take(packed),
                column: KEY_COLUMN.take(packed),
                len: KEY_LEN.take(packed),
            },
        };
        (key, at)
    }
}

/// In the schema a node is just its value: positions come from the file, not from its text.
impl<T: JsonSchema> JsonSchema for Node<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, column: u32, len: u32) -> Pos {
        Pos { line, column, len }
    }

    fn inline(node: &Node<()>) -> bool {
        node.span.0.get() & INLINE.get() != 0
    }

    /// Each number at and around the edges of its inline field, and past any file.
    const EDGES: [u32; 9] = [0, 1, 62, 63, 255, 256, 4_095, 4_096, u32::MAX];

    #[test]
    fn a_node_keeps_both_positions_exactly_inline_or_not() {
        let lines = [0, 1, 31, 32, 1_048_575, 1_048_576, u32::MAX];
        for line in lines {
            for column in EDGES {
                for len in EDGES {
                    let at = pos(line, column, len);
                    let item = Node::new((), at, at);
                    assert_eq!((item.key(), item.at()), (at, at));
                    for key in [
                        pos(line.saturating_sub(31), len, column),
                        pos(line.saturating_sub(32), 1, 7),
                        pos(line.saturating_add(1), 1, 7),
                        pos(0, 0, 0),
                        Pos::START,
                    ] {
                        let node = Node::new((), key, at);
                        assert_eq!((node.key(), node.at()), (key, at));
                    }
                }
            }
        }
        assert_eq!(std::mem::size_of::<Node<()>>(), 8);
        assert_eq!(std::mem::size_of::<Option<Node<i8>>>(), 16);
    }

    #[test]
    fn the_positions_of_real_files_stay_inline() {
        let at = pos(1_048_575, 4_095, 4_095);
        assert!(inline(&Node::new((), at, at)));
        assert!(inline(&Node::new((), pos(at.line - 31, 255, 62), at)));
        assert!(inline(&Node::new((), Pos::START, pos(2, 3, 10))));
        // The one key the list item's mark would be read as, and the ones past a field.
        assert!(!inline(&Node::new((), pos(at.line - 31, 255, 63), at)));
        assert!(!inline(&Node::new((), pos(at.line - 32, 1, 7), at)));
        assert!(!inline(&Node::new((), Pos::START, pos(2, 4_096, 1))));
        assert!(!inline(&Node::new((), pos(3, 1, 7), pos(2, 1, 1))));
    }

    #[test]
    fn nodes_compare_by_their_positions_however_kept() {
        let far = pos(5, 5_000, 1);
        let a = Node::new(1, Pos::START, far);
        assert_eq!(a, Node::new(1, Pos::START, far));
        assert_ne!(a, Node::new(1, Pos::START, pos(5, 5_001, 1)));
        assert_ne!(a, Node::new(2, Pos::START, far));
        assert_ne!(
            Node::new(1, Pos::START, pos(2, 1, 1)),
            Node::new(1, pos(1, 2, 1), pos(2, 1, 1))
        );
    }

    #[test]
    fn a_node_prints_its_positions_as_positions() {
        let node = Node::new(
            1,
            Pos::START,
            Pos {
                line: 2,
                column: 4,
                len: 1,
            },
        );
        assert_eq!(
            format!("{node:?}"),
            "Node { value: 1, key: Pos { line: 1, column: 1, len: 0 }, at: Pos { line: 2, column: 4, len: 1 } }"
        );
    }
}
