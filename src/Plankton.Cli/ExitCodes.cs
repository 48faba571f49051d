namespace Plankton.Cli;

/// <summary>The documented exit codes of the plankton tool (see docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Internal = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int NotAllowed = 4;
    public const int InvalidInput = 5;
    public const int Integrity = 6;
    public const int Conflict = 7;
    public const int Io = 8;
    public const int Cancelled = 130;
}
