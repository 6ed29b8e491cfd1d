// Corpus stubs: the types this ASP.NET Core MVC app takes from packages the test compilation does not reference.
namespace Microsoft.AspNetCore.Mvc { public abstract class ControllerBase { } public abstract class Controller : ControllerBase { } }
namespace Microsoft.Extensions.Configuration { public interface IConfiguration { string? GetConnectionString(string name); } }
