// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.WebAPI/Models/BaseResponse.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace WxPlatformAuthorize.WebAPI.Models
{
    public class BaseResponse
    {
        public int Code { get; set; }
        public string Message { get; set; } = "";
    }
}
