// Corpus stubs: the ASP.NET Core and generic-host types this web app and its indexer take from their frameworks.
namespace Microsoft.AspNetCore.Mvc { public abstract class ControllerBase { } }
namespace Microsoft.Extensions.Hosting
{
    public interface IHostedService
    {
        System.Threading.Tasks.Task StartAsync(System.Threading.CancellationToken cancellationToken);
        System.Threading.Tasks.Task StopAsync(System.Threading.CancellationToken cancellationToken);
    }
}
