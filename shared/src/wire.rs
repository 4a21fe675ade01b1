//! Enums with a fixed spelling on the wire and in the database.
//!
//! [`wire_enum!`] takes each variant with its spelling once and derives from that one list the serde
//! names, the OpenAPI enum, the database value (a sea-orm active enum behind the `sea-orm` feature),
//! `ALL`, `as_str`, `parse`, `Display` and `FromStr` — so no hand-written pair can drift from serde.

/// ```ignore
/// wire_enum! {
///     /// Docs.
///     pub enum Phase { Posting = "posting", Ranking = "ranking" }
/// }
/// ```
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:tt ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(serde::Serialize, serde::Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(
            feature = "sea-orm",
            derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
            sea_orm(rs_type = "String", db_type = "Text")
        )]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $wire)]
                #[cfg_attr(feature = "sea-orm", sea_orm(string_value = $wire))]
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$($wire),+].len()] = [$($name::$variant),+];

            /// The wire and database spelling.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }

            /// The variant spelled `s`, if any.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($wire => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s).ok_or_else(|| crate::UnknownVariant {
                    kind: stringify!($name),
                    value: s.to_owned(),
                })
            }
        }
    };
}

/// A spelling that names no variant of a [`wire_enum!`] enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownVariant {
    pub kind: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} '{}'", self.kind, self.value)
    }
}

impl std::error::Error for UnknownVariant {}
