using OnLan.Cli.Commands;
using OnLan.Configuration;

namespace OnLan.Cli.Statements;

/// <summary>Where a walk of <see cref="ConfigurationSchema"/> along the words of a statement got to.</summary>
public sealed class SchemaPath
{
    public List<SchemaStep> Steps { get; } = [];

    /// <summary>The tag names met, canonical, in order (what <see cref="ValueNode.Read"/> wants).</summary>
    public List<string> Tags { get; } = [];

    /// <summary>The node reached: a keyword node, a tag node (before or after its name) or a leaf.</summary>
    public SchemaNode Node { get; internal set; } = ConfigurationSchema.Root;

    public SchemaExpectation Expect { get; internal set; } = SchemaExpectation.Child;
    public int ValueIndex { get; internal set; }

    /// <summary>The walk stopped at a word it could not read (the path is good up to it).</summary>
    public CliError? Error { get; internal set; }

    /// <summary>The word the walk stopped at, with <see cref="Error"/>.</summary>
    public CliToken? FailedToken { get; internal set; }

    /// <summary>A <c>set</c> may end here: the leaf has its values, or a tag that stands alone has its name.</summary>
    public bool IsComplete =>
        Expect == SchemaExpectation.End || (Expect == SchemaExpectation.Child && Node is TagNode { CanStandAlone: true } && AfterName);

    internal bool AfterName { get; set; }
}
