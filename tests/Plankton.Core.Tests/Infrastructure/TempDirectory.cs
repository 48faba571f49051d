namespace Plankton.Core.Tests.Infrastructure;

/// <summary>
/// A uniquely named folder for one test or one fixture, deleted with everything in it on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Made under <see cref="Path.GetTempPath"/> unless another parent is given (for example <c>/dev/shm</c> or the
/// folder of an enclosing <see cref="TempDirectory"/>), so fixtures that run in parallel never share a folder.
/// </remarks>
public sealed class TempDirectory : IDisposable
{
    private const string Prefix = "plankton-tests-";

    private bool _disposed;

    public TempDirectory(string? parent = null)
    {
        FullPath = Path.Combine(Path.GetFullPath(parent ?? Path.GetTempPath()), Prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullPath);
    }

    /// <summary>Gets the full path of the folder.</summary>
    public string FullPath { get; }

    /// <summary>Returns the full path of <paramref name="parts"/> inside the folder (nothing is created).</summary>
    public string Combine(params string[] parts) => Path.Combine([FullPath, .. parts]);

    /// <summary>Creates a new, uniquely named, empty folder inside this one and returns its full path.</summary>
    public string CreateSubdirectory() =>
        Directory.CreateDirectory(Combine(Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Deletes the folder and everything in it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Directory.Exists(FullPath))
        {
            Directory.Delete(FullPath, recursive: true);
        }
    }
}
