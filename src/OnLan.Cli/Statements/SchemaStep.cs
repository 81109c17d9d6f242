using OnLan.Cli.Commands;
using OnLan.Configuration;

namespace OnLan.Cli.Statements;

/// <summary>One word of a statement path as the schema read it.</summary>
/// <param name="Canonical">The keyword in full (abbreviations expanded), the tag name in its canonical form, or the value as typed.</param>
/// <param name="Kind">The kind of a tag name or value; null for a keyword.</param>
public readonly record struct SchemaStep(CliToken Token, string Canonical, ValueKind? Kind)
{
    public bool IsSecret => Kind is not null && Secrets.IsSecret(Kind);
}
