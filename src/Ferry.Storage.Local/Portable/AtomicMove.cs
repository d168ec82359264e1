namespace Ferry.Storage.Local;

/// <summary>The platform's own one-step replace of a file by another in the same folder.</summary>
internal static class AtomicMove
{
    /// <summary>
    /// Puts <paramref name="source"/> in place of <paramref name="target"/> (which may be missing):
    /// rename(2) on Unix (File.Move with overwrite); on Windows a POSIX-semantics rename where the
    /// system has it, else MoveFileEx with MOVEFILE_REPLACE_EXISTING (File.Move), which a reader
    /// that holds the target open makes fail (Locked) instead of waiting.
    /// </summary>
    public static void Replace(string source, string target)
    {
        if (OperatingSystem.IsWindows() && WindowsPosixRename.TryReplace(source, target))
        {
            return;
        }

        File.Move(source, target, overwrite: true);
    }
}
