using Dapper;

namespace Plankton.Core.Objects.Catalogue.TypeHandlers;

/// <summary>Registers the Dapper type handlers once per process (Dapper's handler table is global static state).</summary>
internal static class TypeHandlerRegistration
{
    private static readonly Lazy<bool> s_registered = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the handlers unless already done; safe to call from any thread, any number of times.</summary>
    public static void EnsureRegistered() => _ = s_registered.Value;

    private static bool Register()
    {
        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        return true;
    }
}
