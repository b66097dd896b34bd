// Tests for fm::NetworkGuard and fm::isNetworkSource (src/sources/vector_reader.h): a local file never makes
// frontmap reach the network, even when it points there — a VRT naming /vsicurl/http://…, a GML file whose schema is
// a WFS DescribeFeatureType URL, a GeoJSON "link" CRS — while a URL the user names is fetched. A tiny HTTP server on
// 127.0.0.1 counts the connections it gets; it also serves the GeoJSON for the URL the user names, so the test
// shows the counting works (without the guard, GDAL 3.6 makes 2, 1 and 1 requests for those three files).
#include "sources/vector_reader.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "core/error.h"
#include "core/message_log.h"
#include "sources/event_reader.h"

namespace fm {
namespace {

namespace fs = std::filesystem;

const char* const kGeoJson =
    R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"far"},"geometry":{"type":"Point","coordinates":[30,50]}}]})";

// Answers every request with kGeoJson and counts connections, until stopped.
class CountingServer {
public:
    CountingServer() {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(m_fd, 16) != 0 ||
            ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
            return;
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~CountingServer() {
        m_stop = true;
        ::shutdown(m_fd, SHUT_RDWR);
        ::close(m_fd);
        if (m_thread.joinable()) m_thread.join();
    }
    int port() const { return m_port; }
    int connections() const { return m_connections; }
    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(m_port) + path; }

private:
    void serve() {
        while (!m_stop) {
            const int c = ::accept(m_fd, nullptr, nullptr);
            if (c < 0) return;
            ++m_connections;
            char buf[8192];
            const ssize_t n = ::recv(c, buf, sizeof buf - 1, 0);
            const bool head = n >= 4 && std::strncmp(buf, "HEAD", 4) == 0;
            const std::string body = kGeoJson;
            std::string reply = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
            if (!head) reply += body;
            (void)::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
            ::close(c);
        }
    }
    int m_fd = -1;
    int m_port = 0;
    std::atomic<int> m_connections{0};
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

class NetworkGuardTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "fm_network_XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        m_dir = tmpl;
        ::setenv("NO_PROXY", "127.0.0.1,localhost", 1);  // a proxy in the environment must not take the requests
        ASSERT_GT(m_server.port(), 0) << "no local socket for the test server";
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    std::string write(const std::string& name, const std::string& text) {
        const std::string p = (fs::path(m_dir) / name).string();
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }
    std::string m_dir;
    CountingServer m_server;
};

TEST(NetworkSource, UrlsNetworkFileSystemsAndDriverPrefixesAreNetworkSources) {
    for (const char* s : {"https://example.org/a.geojson", "/vsicurl/http://x/y.shp", "/vsizip//vsicurl/http://x/y.zip",
                          "/vsis3/bucket/key.gpkg", "WFS:http://x/wfs", "PG:dbname=war", "ftp://x/y.csv"})
        EXPECT_TRUE(isNetworkSource(s)) << s;
    for (const char* s : {"/home/me/front.geojson", "front.geojson", "C:/data/x.shp", "/vsizip/data.zip/x.shp", "/vsimem/x.json",
                          "notes:today.txt"})
        EXPECT_FALSE(isNetworkSource(s)) << s;
}

TEST_F(NetworkGuardTest, LocalFilesPointingAtTheNetworkReachNothing) {
    const std::string vrt = write("remote.vrt", "<OGRVRTDataSource><OGRVRTLayer name=\"x\"><SrcDataSource>/vsicurl/" +
                                                     m_server.url("/x.geojson") + "</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>");
    const std::string gml = write(
        "wfs.gml",
        "<?xml version=\"1.0\"?><wfs:FeatureCollection xmlns:wfs=\"http://www.opengis.net/wfs\" "
        "xmlns:gml=\"http://www.opengis.net/gml\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://foo " + m_server.url("/wfs?SERVICE=WFS&amp;VERSION=1.0.0&amp;REQUEST=DescribeFeatureType&amp;TYPENAME=x") +
        "\"><gml:featureMember><foo:x xmlns:foo=\"http://foo\"><foo:geom><gml:Point><gml:coordinates>30,50</gml:coordinates>"
        "</gml:Point></foo:geom></foo:x></gml:featureMember></wfs:FeatureCollection>");
    const std::string link = write("link_crs.geojson", R"({"type":"FeatureCollection","crs":{"type":"link","properties":{"href":")" +
                                                           m_server.url("/crs") +
                                                           R"(","type":"proj4"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[30,50]}}]})");
    MessageLog log;
    try {
        const auto layers = readVectorSource(vrt, log);
        for (const auto& l : layers) EXPECT_EQ(l->featureCount(), 0u) << "the VRT's remote source was read";
    } catch (const Error& e) {
        EXPECT_EQ(e.subject(), vrt);  // what it points to is missing, and said so naming the VRT
    }
    EXPECT_FALSE(looksLikeEventSource(vrt, {}));
    const auto gmlLayers = readVectorSource(gml, log);
    ASSERT_EQ(gmlLayers.size(), 1u);
    EXPECT_EQ(gmlLayers[0]->featureCount(), 1u);
    const auto linkLayers = readVectorSource(link, log);
    ASSERT_EQ(linkLayers.size(), 1u);
    EXPECT_EQ(linkLayers[0]->featureCount(), 1u);
    EXPECT_EQ(m_server.connections(), 0) << "a local file made frontmap reach the network";
}

TEST_F(NetworkGuardTest, AUrlTheUserNamesIsFetched) {
    MessageLog log;
    const auto layers = readVectorSource("/vsicurl/" + m_server.url("/named.geojson"), log);
    ASSERT_EQ(layers.size(), 1u);
    EXPECT_EQ(layers[0]->featureCount(), 1u);
    EXPECT_GT(m_server.connections(), 0);
    // And the guard of an earlier local file on this thread is gone: nothing lingers.
    const int before = m_server.connections();
    { const NetworkGuard guard("/tmp/local.geojson"); }
    const auto again = readVectorSource("/vsicurl/" + m_server.url("/again.geojson"), log);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_GT(m_server.connections(), before);
}

}  // namespace
}  // namespace fm
