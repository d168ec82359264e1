namespace Ferry.WebDav.Methods;

/// <summary>One WebDAV/HTTP method's handler. Handlers are stateless singletons; all state is in the request.</summary>
public interface IDavMethod
{
    Task HandleAsync(DavRequest request);
}
